"""Analysis stages: language, sentences, entities, quotes, attributions, dates and claims."""
