"""Text helpers shared by the engines, the evidence check and the digest: sentences, names,
the stance lexicon, stance and similarity."""
