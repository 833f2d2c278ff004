"""pytest in notebooks/: the .ipynb files are checked by nbval; their jupytext twins are not test modules."""
collect_ignore_glob = ["*.py"]
