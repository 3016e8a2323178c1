"""Text helpers shared by the engines, the evidence check and the digest: sentences, names and
quote marks, the stance lexicon, stance, similarity and language."""
