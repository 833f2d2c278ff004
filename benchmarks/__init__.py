"""`make bench`: benchmarks of the project's jobs, ratios measured side by side (see BENCHMARKS.md)."""
