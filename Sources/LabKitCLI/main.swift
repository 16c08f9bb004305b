import Foundation

let status = await LabKitTool.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
