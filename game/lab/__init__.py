"""The balance lab: analysis, calibration targets, the research claims, the model document, sweeps on Dask."""
