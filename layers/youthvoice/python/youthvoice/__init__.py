"""Youth Voice (青年之声) core library: domain rules, use cases and data access."""
