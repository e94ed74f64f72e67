"""Scenes of the offline demo, played in order; each takes the conversation and plays its part."""
