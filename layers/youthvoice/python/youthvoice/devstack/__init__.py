"""The local stack: moto, the Chalice app over HTTP, a stream pump and a scheduler in one process.

Never imported by Lambda code: it needs the `local` extra (moto, chalice's local server).
"""
