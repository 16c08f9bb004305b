import Foundation

// Line-buffered, so that print and the unbuffered progress lines stay in order when the
// output goes to a file or a pipe.
setvbuf(stdout, nil, _IOLBF, 0)

let status = await LabKitTool.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
