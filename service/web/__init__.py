"""The web page staff use, in Vietnamese: server-rendered with Jinja2, a little JavaScript for actions."""
