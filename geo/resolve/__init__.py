"""Resolution: choosing, for each recognised name, the place it means."""
