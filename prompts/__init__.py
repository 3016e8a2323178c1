"""The LLM prompt templates, shipped as package data (see briefer.prompts)."""
