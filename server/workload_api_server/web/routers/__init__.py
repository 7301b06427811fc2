"""One router per collection, plus invoke and the test controls."""
