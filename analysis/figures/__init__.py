"""Layer 5, figures: house style and display, chart builders (keyword-only labels)."""
