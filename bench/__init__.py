"""`make bench`: a synthetic data set at realistic scale, a load run and a report (docs/performance.md)."""
