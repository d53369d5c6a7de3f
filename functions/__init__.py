"""Adapters only: parse the event, call one service, map the result or the error."""
