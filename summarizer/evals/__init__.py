"""Score reports against hand-labelled gold: datasets, matching, scores and the harness."""
