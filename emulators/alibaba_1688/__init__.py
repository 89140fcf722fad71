"""A local stand-in for the 1688 Open Platform's buyer side (README.md): signed gateway, OAuth,
order / logistics / trace APIs, push messages and their replay. Standard library only."""
