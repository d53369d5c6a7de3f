"""`youthvoice serve`: the whole platform on a laptop, in two processes (the app's and moto's)."""

from __future__ import annotations

import datetime as dt
import faulthandler
import importlib
import json
import os
import signal
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from youthvoice_local.console import Console
from youthvoice_local.scheduler import Job, Scheduler, rate_seconds, scheduled_event

if TYPE_CHECKING:
    from chalice.local import LocalDevServer

    from youthvoice_local.pump import DeliveryReport, StreamPump
    from youthvoice_local.store import Store

LOCAL_REGION = "cn-north-1"
STREAM_FAILURE_QUEUE = "youthvoice-local-stream-failures"
SIGNAL_POLL_SECONDS = 0.2
# Where a simulated clock starts unless told: the reference province's year.
SIMULATION_START = dt.datetime(2015, 12, 31, 16, 0, tzinfo=dt.UTC)
# Jobs that reread all of Content: on a simulated clock they run when asked, not once a
# simulated day (`youthvoice reconcile`).
RECOUNT_JOBS = frozenset({"reconcile"})


@dataclass(frozen=True)
class StackOptions:
    project_dir: Path
    local_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    moto_port: int = 8001
    speed: float = 1.0
    snapshot_seconds: float = 60.0
    pump_seconds: float = 0.2
    demo_experts: int = 200
    simulated_clock_start: dt.datetime | None = None
    json_logs: bool = False

    @property
    def snapshot_path(self) -> Path:
        return self.local_dir / "snapshot.json"


def configure_environment(options: StackOptions) -> None:
    """Everything the app reads from its environment, pointed at the stack's moto."""
    if str(options.project_dir) not in sys.path:
        sys.path.insert(0, str(options.project_dir))
    config = json.loads((options.project_dir / ".chalice" / "config.json").read_text())
    os.environ.update(config.get("environment_variables", {}))
    os.environ.update(config["stages"]["local"].get("environment_variables", {}))
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": LOCAL_REGION,
            "AWS_REGION": LOCAL_REGION,
            "AWS_ENDPOINT_URL": f"http://{options.host}:{options.moto_port}",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "YOUTHVOICE_LOCAL_DIR": str(options.local_dir),
        }
    )
    if not options.json_logs:
        # Metrics print as CloudWatch's JSON (EMF): only JSON output wants them.
        os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"


def resolve_handler(handler_string: str) -> Any:
    module_name, attribute = handler_string.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), attribute)


def _start_store(options: StackOptions) -> Store:
    """moto, patched for speed and memory, in a process of its own; this process's AWS calls go
    to it; stream records age on the stack's clock, so a simulated day passes in seconds."""
    from youthvoice.bootstrap import now
    from youthvoice_local.store import Store, install_client

    store = Store(options.host, options.moto_port)
    install_client(os.environ["AWS_ENDPOINT_URL"], store, now)
    return store


class LocalStack:
    def __init__(self, options: StackOptions) -> None:
        self.options = options
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clock = ExitStack()
        self._ticking = threading.Lock()
        self.console = Console(options.json_logs)

    def start(self) -> str:
        from youthvoice_local import moto_patches

        # A moto the patches were not verified on stops the stack before anything is started.
        moto_patches.check_version()
        options = self.options
        configure_environment(options)
        from youthvoice.config import get_settings

        # A bad setting stops the stack here, before anything is started (SettingsError).
        settings = get_settings()

        import boto3
        from chalice.app import ScheduledEventConfig
        from chalice.cli.factory import CLIFactory

        from youthvoice.bootstrap import now
        from youthvoice.services.runtime import word_list

        self._store = _start_store(options)

        from youthvoice.data.schema import ensure_tables
        from youthvoice.domain.timestamps import iso
        from youthvoice.services.identity import ensure_local_signing_key
        from youthvoice.services.seeding import seed_reference_data

        # The word list too, which a deployed container builds on its first screened post.
        word_list()
        ensure_local_signing_key(settings.local_signing_key_path)
        self._dynamodb = boto3.client("dynamodb")
        names = {"Content": settings.content_table, "Projections": settings.projections_table}
        ensure_tables(self._dynamodb, options.project_dir, names)
        self._table_names = list(names.values())
        restored = options.snapshot_path.exists()
        if restored:
            from youthvoice_local.snapshot import restore_tables

            count = restore_tables(self._dynamodb, options.snapshot_path)
            self.console.say(f"Restored {count} items from {options.snapshot_path}")

        factory = CLIFactory(str(options.project_dir), environ=os.environ)
        config = factory.create_config_obj(chalice_stage_name="local")
        app = factory.load_chalice_app()
        self.console.quiet_app_logs()
        if options.simulated_clock_start is not None:
            self._simulate_time(app, options.simulated_clock_start)
        self.pumps = self._stream_pumps(app, settings.content_table)
        for pump in self.pumps:
            pump.start_at("LATEST" if restored else "TRIM_HORIZON")
        if not restored:
            summary = seed_reference_data(options.demo_experts, iso(now()))
            self.console.say(
                f"Seeded {summary.platforms} platforms, {summary.topics} topics, "
                f"{summary.experts} demo experts"
            )
        self.drain()
        self.scheduler = Scheduler(
            [
                Job(source.name, rate_seconds(source.schedule_expression), self._fire(source))
                for source in app.event_sources
                if isinstance(source, ScheduledEventConfig)
                and not (options.simulated_clock_start and source.name in RECOUNT_JOBS)
            ],
            speed=options.speed,
        )
        self._http = self._http_server(app, config)
        self._spawn(self._http.server.serve_forever)
        self._spawn(self._pump_loop)
        self._spawn(self._housekeeping_loop)
        return f"http://{options.host}:{self._http.server.server_address[1]}"

    def _http_server(self, app: Any, config: Any) -> LocalDevServer:
        """The API and, beside it, the web console's files and its development sign-in."""
        from youthvoice_local.gateway import local_server
        from youthvoice_local.web_console import ConsoleSite, sign_in_routes

        app.register_blueprint(sign_in_routes())
        self.site = ConsoleSite(self.options.project_dir / "web" / "dist")
        options = self.options
        return local_server(
            app, config, options.host, options.port, self.console.request, self.site
        )

    def _stream_pumps(self, app: Any, content_table: str) -> list[StreamPump]:
        """One pump per stream handler, as one event source mapping each; failures to a queue."""
        import boto3
        from chalice.app import DynamoDBEventConfig

        from youthvoice_local.pump import StreamPump, sqs_on_failure

        stream_arn = self._dynamodb.describe_table(TableName=content_table)["Table"][
            "LatestStreamArn"
        ]
        sqs = boto3.client("sqs")
        queue_url = sqs.create_queue(QueueName=STREAM_FAILURE_QUEUE)["QueueUrl"]
        streams = boto3.client("dynamodbstreams")
        return [
            StreamPump(
                streams,
                stream_arn,
                resolve_handler(source.handler_string),
                sqs_on_failure(sqs, queue_url),
                function_name=source.name,
                batch_size=source.batch_size,
            )
            for source in app.event_sources
            if isinstance(source, DynamoDBEventConfig)
        ]

    def _simulate_time(self, app: Any, start: dt.datetime) -> None:
        """Every use case reads this clock from now on; moving it runs the jobs it made due."""
        from youthvoice.bootstrap import clock_set_to
        from youthvoice_local.clock import SimulatedClock, clock_routes

        clock = SimulatedClock(start, self._tick)
        self._clock.enter_context(clock_set_to(clock))
        app.register_blueprint(clock_routes(clock))
        self.console.say(f"Simulated clock at {start.isoformat()}")

    def _tick(self, now: dt.datetime) -> None:
        with self._ticking:
            self.scheduler.tick(now)

    def _fire(self, source: Any) -> Any:
        from chalice.local import LambdaContext

        handler = resolve_handler(source.handler_string)

        def run(now: dt.datetime) -> None:
            event = scheduled_event(source.name, LOCAL_REGION, now)
            try:
                result = handler(event, LambdaContext(source.name, memory_size=512))
            except Exception as error:
                print(f"scheduled {source.name} failed: {error!r}", file=sys.stderr, flush=True)
            else:
                self.console.job(source.name, result)

        return run

    def _spawn(self, target: Any) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    def drain(self) -> None:
        for pump in self.pumps:
            self._tell(pump.drain())

    def _tell(self, report: DeliveryReport) -> None:
        if report.delivered:
            self.console.projected(report.delivered, len(report.dead_lettered))

    def _pump_loop(self) -> None:
        while not self._stop.wait(self.options.pump_seconds):
            for pump in self.pumps:
                self._tell(pump.poll())

    def _housekeeping_loop(self) -> None:
        from youthvoice.bootstrap import now

        last_snapshot = time.monotonic()
        while not self._stop.wait(1.0):
            self._tick(now())
            if time.monotonic() - last_snapshot >= self.options.snapshot_seconds:
                self.snapshot()
                last_snapshot = time.monotonic()

    def snapshot(self) -> int:
        from youthvoice_local.snapshot import admin_dump_tables

        return admin_dump_tables(self._dynamodb, self._table_names, self.options.snapshot_path)

    def stop(self) -> None:
        self._stop.set()
        self._http.shutdown()
        for thread in self._threads:
            thread.join(timeout=10)
        self.drain()
        saved = self.snapshot()
        self._store.stop()
        self._clock.close()
        self.console.say(f"Saved {saved} items to {self.options.snapshot_path}")


def serve(options: StackOptions) -> None:
    stack = LocalStack(options)
    url = stack.start()
    # Plain in both output modes: scripts and tests wait for this line.
    console = f"{url}/console/" if stack.site.built else "not built (make web)"
    print(f"Youth Voice ready at {url}\nConsole: {console}", flush=True)
    # The handler only flips a flag: taking a lock inside a signal handler can deadlock the
    # main thread if the signal lands while it holds that same lock.
    requested: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: requested.append(signum))
    signal.signal(signal.SIGTERM, lambda signum, frame: requested.append(signum))
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    while not requested:
        time.sleep(SIGNAL_POLL_SECONDS)
    stack.console.say("Shutting down…")
    stack.stop()
