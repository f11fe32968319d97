"""Exports and reports: PDF/HTML, CSV/XLSX, GraphML/GEXF, i2 ANX, FollowTheMoney."""
