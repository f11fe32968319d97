"""Bank statement parsing from word boxes and spreadsheet rows into one transaction field dict."""
