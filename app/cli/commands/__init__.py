"""One module per subcommand; each defines register(subparsers) and sets `run` on its parser."""
