import Foundation

// Output paths are checked before the sweep: a run of minutes must not end in a write error.

/// Throws a ``UsageError`` that says what to do if `--json` or the results folder cannot be
/// written. Creates the `--output` folder if it is missing.
func checkOutputPaths(_ options: Options) throws {
  let fileManager = FileManager.default
  if let path = options.jsonPath {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw UsageError(
        message: "--json \(path) is a folder; give a file name, e.g. \(path)/results.json.")
    }
    let folder = url.deletingLastPathComponent().path
    guard fileManager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw UsageError(
        message:
          "--json \(path): the folder \(folder) does not exist. Create it first, or choose"
          + " another path."
      )
    }
    guard fileManager.isWritableFile(atPath: folder) else {
      throw UsageError(
        message: "--json \(path): the folder \(folder) is not writable. Choose another path.")
    }
  }
  if let path = options.outputDirectory {
    do {
      try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw UsageError(
        message:
          "--output \(path): cannot create this folder (\(error.localizedDescription)). Choose a"
          + " writable folder."
      )
    }
    guard fileManager.isWritableFile(atPath: path) else {
      throw UsageError(message: "--output \(path) is not writable. Choose a writable folder.")
    }
  } else if options.writesToRepository {
    guard let root = repositoryRoot() else {
      throw UsageError(
        message: "cannot find the repository root (no Package.swift here or above the benchmark's"
          + " sources) to write RESULTS.md. Run from the repository root, or give --output DIR.")
    }
    guard fileManager.isWritableFile(atPath: root.path) else {
      throw UsageError(message: "\(root.path) is not writable; give --output DIR.")
    }
  }
}
