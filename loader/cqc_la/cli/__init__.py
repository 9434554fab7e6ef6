"""The `cqc-la` command line: a thin layer over the library (one library call per command)."""
