import DualTapeGradBench

// GradBench's eval sends one JSON message per line; each answer is one line (see Tool.swift).
GradBenchTool().serve()
