"""Recognition: finding the spans of text that name places."""
