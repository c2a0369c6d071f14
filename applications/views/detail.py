"""Create, edit and detail pages, the board and tags."""
