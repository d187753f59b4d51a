// Search: see archive/search.py (written by the search work).
