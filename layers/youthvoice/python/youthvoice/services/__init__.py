"""Use cases: each public function is one thing a caller can ask the platform to do."""
