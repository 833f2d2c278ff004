"""Layer 1, core: paths, errors, countries, periods and every named period conversion.

Imports no other layer of the package.
"""
