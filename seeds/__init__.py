"""The sample corpus, shipped inside the package as `annotator.seeds` and imported on the first run."""
