"""The build benchmark (`invoke bench`): our build beside vanilla Pelican on the same posts."""
