"""One module per screen of the counter app."""
