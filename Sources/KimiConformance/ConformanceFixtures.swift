import Foundation

/// Small fixtures the checks send.
public enum ConformanceFixtures {
    /// A valid 1×1 PNG image.
    public static let onePixelPNG: Data = Data(
        base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    ) ?? Data()
}
