"""Views of the maker space (/espace/): thin, each loading the maker through makers.access."""
