"""The leaders' report: figures across groups, written as HTML with charts and CSV exports."""
