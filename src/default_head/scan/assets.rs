//! The embedded head-scan files and their decoding: the glTF mesh (scan units, scan axes) and the
//! three JPEG maps.
//!
//! The files are compiled into the binary so the default head works with no files beside it;
//! together they add 1.38 MB. `assets/README.md` credits the scan and lists each file's SHA-256,
//! which a test checks against the embedded bytes.

use image::RgbImage;

/// The glTF 2.0 binary: one mesh with POSITION, NORMAL, TEXCOORD_0 and u16 indices.
pub(crate) const GLB: &[u8] = include_bytes!("assets/LeePerrySmith.glb");
/// Albedo (base colour), sRGB, 1024².
pub(crate) const ALBEDO_JPG: &[u8] = include_bytes!("assets/Map-COL.jpg");
/// Tangent-space normal map, 1024².
pub(crate) const NORMAL_JPG: &[u8] =
    include_bytes!("assets/Infinite-Level_02_Tangent_SmoothUV.jpg");
/// Specular intensity (grey stored as RGB), 1024².
pub(crate) const SPEC_JPG: &[u8] = include_bytes!("assets/Map-SPEC.jpg");
/// The scan's licence text (CC BY 3.0 Unported), shipped unchanged.
pub(crate) const LICENCE_TXT: &str = include_str!("assets/LeePerrySmith_License.txt");

/// The mesh as stored: scan axes (+X the subject's left, +Y up, +Z toward the face), scan units
/// (about 5 cm each), glTF texture coordinates (v up the image).
pub(crate) struct RawMesh {
    pub positions: Vec<[f32; 3]>,
    pub normals: Vec<[f32; 3]>,
    pub uvs: Vec<[f32; 2]>,
    pub triangles: Vec<[u32; 3]>,
}

/// Decodes the embedded glb. The bytes are fixed at compile time and a test decodes them, so a
/// failure here is a build defect, not an input error: it panics with the reason.
pub(crate) fn decode_mesh() -> RawMesh {
    let gltf = gltf::Gltf::from_slice(GLB).expect("embedded head-scan glb parses");
    let blob = gltf.blob.as_deref();
    let mesh = gltf.meshes().next().expect("head-scan glb has a mesh");
    let primitive = mesh.primitives().next().expect("head-scan mesh has a primitive");
    let reader = primitive.reader(|_| blob);
    let positions: Vec<[f32; 3]> = reader.read_positions().expect("POSITION").collect();
    let normals: Vec<[f32; 3]> = reader.read_normals().expect("NORMAL").collect();
    let uvs: Vec<[f32; 2]> = reader.read_tex_coords(0).expect("TEXCOORD_0").into_f32().collect();
    let flat: Vec<u32> = reader.read_indices().expect("indices").into_u32().collect();
    let triangles = flat.chunks_exact(3).map(|t| [t[0], t[1], t[2]]).collect();
    assert!(positions.len() == normals.len() && positions.len() == uvs.len());
    RawMesh { positions, normals, uvs, triangles }
}

/// Decodes one embedded JPEG to 8-bit RGB (an earlier prototype measured 17 ms for all three
/// on this machine).
pub(crate) fn decode_jpeg(bytes: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
        .expect("embedded head-scan JPEG decodes")
        .to_rgb8()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The `sha256` column of `assets/README.md`, keyed by file name.
    fn recorded_sums() -> Vec<(String, String)> {
        include_str!("assets/README.md")
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let (name, sum) = (cells.get(1)?, cells.get(2)?);
                let name = name.trim_matches('`');
                (sum.len() == 64 && sum.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| (name.to_owned(), sum.to_string()))
            })
            .collect()
    }

    #[test]
    fn embedded_assets_match_recorded_sha256() {
        let files: [(&str, &[u8]); 5] = [
            ("LeePerrySmith.glb", GLB),
            ("Map-COL.jpg", ALBEDO_JPG),
            ("Infinite-Level_02_Tangent_SmoothUV.jpg", NORMAL_JPG),
            ("Map-SPEC.jpg", SPEC_JPG),
            ("LeePerrySmith_License.txt", LICENCE_TXT.as_bytes()),
        ];
        let sums = recorded_sums();
        assert_eq!(sums.len(), files.len(), "README lists one sum per file: {sums:?}");
        for (name, bytes) in files {
            let recorded = &sums.iter().find(|(n, _)| n == name).expect(name).1;
            let actual: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(&actual, recorded, "{name}");
        }
    }

    #[test]
    fn mesh_decodes_with_the_documented_counts() {
        let mesh = decode_mesh();
        assert_eq!(mesh.positions.len(), 9279);
        assert_eq!(mesh.triangles.len(), 17_684);
        let n = mesh.positions.len() as u32;
        assert!(mesh.triangles.iter().flatten().all(|&i| i < n));
    }

    #[test]
    fn maps_decode_at_1024_square() {
        for bytes in [ALBEDO_JPG, NORMAL_JPG, SPEC_JPG] {
            assert_eq!(decode_jpeg(bytes).dimensions(), (1024, 1024));
        }
    }

    #[test]
    fn licence_names_the_author_and_licence() {
        assert!(LICENCE_TXT.contains("Lee Perry-Smith"));
        assert!(LICENCE_TXT.contains("Attribution 3.0"));
    }
}
