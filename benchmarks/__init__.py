"""Benchmark harness for proceedings-qa: ingest throughput and memory, warm query latency, and
cold start of the CLI. Run ``python -m benchmarks --help`` from the repository root; see
benchmarks/README.md for what each figure means.

Speed and memory are measured here and only reported (medians, p95, ratios, with the number of
runs), never asserted: the reference machine is small and noisy.
"""
