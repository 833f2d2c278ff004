"""Layer 6, publish: executing notebooks (papermill, jupytext) and HTML reports with their index."""
