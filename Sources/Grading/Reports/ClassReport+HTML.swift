import Foundation

extension ClassReport {
    /// Renders a single self-contained HTML page: inline styles, charts drawn in SVG, no scripts and
    /// nothing fetched from a network.
    func renderHTML() -> String {
        let body = labs.map(labSection).joined(separator: "\n") + studentsSection
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(HTML.escape(course)) — grades</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d1d1f; max-width: 960px; }
            table { border-collapse: collapse; margin: 1rem 0; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.8rem; text-align: left; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            svg text { font: 12px system-ui, sans-serif; }
            .bar { fill: #3a6ea5; }
            .low { fill: #c0392b; }
            </style>
            </head>
            <body>
            <h1>\(HTML.escape(course))</h1>
            <p>\(students.count) students · generated \(HTML.escape(Timestamp.string(generatedAt)))</p>
            \(body)
            </body>
            </html>

            """
    }

    private func labSection(_ lab: LabSummary) -> String {
        let partRows = lab.parts.map { part in
            "<tr><td>Part \(part.part) — \(HTML.escape(part.title))</td>"
                + "<td class=\"number\">\(Format.points(part.possible))</td>"
                + "<td class=\"number\">\(Format.points(part.earned.mean))</td>"
                + "<td class=\"number\">\(Format.points(part.earned.median))</td></tr>"
        }.joined(separator: "\n")
        let testRows = lab.tests.prefix(15).map { test in
            "<tr><td class=\"number\">\(Int((test.rate * 100).rounded()))%</td><td>\(test.part)</td>"
                + "<td>\(HTML.escape(test.name))</td><td class=\"number\">\(test.passed)/\(test.total)</td></tr>"
        }.joined(separator: "\n")
        return """
            <section>
            <h2>\(HTML.escape(lab.title)) <small>(\(HTML.escape(lab.lab)))</small></h2>
            <p>Mean \(Format.points(lab.totals.mean)) of \(Format.points(lab.possible)), median \(Format.points(lab.totals.median)), \
            range \(Format.points(lab.totals.minimum))–\(Format.points(lab.totals.maximum)), \(lab.totals.count) students.</p>
            \(histogramSVG(lab))
            <table><tr><th>Part</th><th>Points</th><th>Mean</th><th>Median</th></tr>
            \(partRows)
            </table>
            <h3>Least passed tests</h3>
            <table><tr><th>Passed</th><th>Part</th><th>Test</th><th>Students</th></tr>
            \(testRows)
            </table>
            </section>
            """
    }

    /// Draws a bar chart of the lab's histogram: ten bars over 0–100 % of the possible points.
    private func histogramSVG(_ lab: LabSummary) -> String {
        let width = 520.0
        let height = 190.0
        let top = 18.0  // room for the count above the tallest bar
        let chartHeight = 140.0
        let barWidth = (width - 40) / 10
        let tallest = Double(max(1, lab.histogram.max() ?? 1))
        var shapes: [String] = []
        for (index, count) in lab.histogram.enumerated() {
            let barHeight = chartHeight * Double(count) / tallest
            let x = 30 + Double(index) * barWidth
            let y = top + chartHeight - barHeight
            let style = index < 5 ? "bar low" : "bar"
            shapes.append(
                "<rect class=\"\(style)\" x=\"\(x + 2)\" y=\"\(y)\" width=\"\(barWidth - 4)\" height=\"\(barHeight)\">"
                    + "<title>\(index * 10)–\(index * 10 + 10)%: \(count)</title></rect>")
            shapes.append("<text x=\"\(x + barWidth / 2)\" y=\"\(y - 3)\" text-anchor=\"middle\">\(count)</text>")
            shapes.append(
                "<text x=\"\(x + barWidth / 2)\" y=\"\(height - 12)\" text-anchor=\"middle\">\(index * 10)%</text>")
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            role="img" aria-label="Histogram of \(HTML.escape(lab.lab)) totals">
            <line x1="30" y1="\(top + chartHeight)" x2="\(width - 10)" y2="\(top + chartHeight)" stroke="#888"/>
            \(shapes.joined(separator: "\n"))
            </svg>
            """
    }

    private var studentsSection: String {
        let labIDs = labs.map(\.lab)
        let header = (["Student"] + labIDs + ["Total"]).map { "<th>\(HTML.escape($0))</th>" }.joined()
        let rows = students.map { student in
            let cells = labIDs.map { "<td class=\"number\">\(student.scores[$0].map(Format.points) ?? "—")</td>" }
            return "<tr><td>\(HTML.escape(student.student))</td>\(cells.joined())"
                + "<td class=\"number\">\(Format.points(student.total))</td></tr>"
        }.joined(separator: "\n")
        return "<section><h2>Students</h2><table><tr>\(header)</tr>\n\(rows)\n</table></section>"
    }
}

/// Escaping for text placed in HTML.
public enum HTML {
    /// Replaces the five characters that HTML gives meaning to with character references.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
