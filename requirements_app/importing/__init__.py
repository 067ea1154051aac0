"""Reading and writing requirement spreadsheets, with a guard against hostile files."""
