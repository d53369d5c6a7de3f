"""Pure rules and value types: no AWS, no I/O."""
