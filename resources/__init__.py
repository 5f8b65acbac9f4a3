"""The tag scheme and other data files, shipped inside the package as `annotator.resources`."""
