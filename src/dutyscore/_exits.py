"""The exit codes of the CLI, apart from everything else so that ``--help`` imports nothing."""

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: 128 + the signal's number, as a shell reports a command ended by SIGINT or SIGPIPE.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
