"""Site-wide steps that run on the built tree once every language has been built."""
