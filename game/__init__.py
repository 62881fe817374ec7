"""Koorddanser: ten years as a best person in a Dutch neighbourhood, 2010-2020."""

__version__ = "0.1.0"


def version() -> str:
    """The installed version from the package metadata (the source's when not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _dist_version

    try:
        return _dist_version("koorddanser")
    except PackageNotFoundError:  # run from a checkout without `pip install -e .`
        return __version__
