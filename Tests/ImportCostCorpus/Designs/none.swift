// swift-format-ignore-file
// Baseline: a module that declares nothing an expression could use.
public enum Nothing {}
