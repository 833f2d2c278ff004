"""Layer 4, models: workforce, reconciliation, peers, claims, levers, scenarios, Monte Carlo, forecasts.

Models read the panel (a DataFrame) and return tables; they never read files or draw.
"""
