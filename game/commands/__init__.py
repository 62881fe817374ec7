"""One module per `koorddanser` command; each exposes ``run(args) -> exit code``."""
