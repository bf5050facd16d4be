/**
 * EBCDIC code page charts as data. Both pages map the 256 byte values one-to-one onto U+0000–U+00FF.
 *
 * Source: IBM code page charts CPGID 00037 (CCSID 37, "USA/Canada – CECP") and CPGID 01047
 * (CCSID 1047, "Latin 1/Open Systems"), in the Unicode mapping of IBM CDRA (also published by the
 * Unicode Consortium as Public/MAPPINGS/VENDORS/MICSFT/EBCDIC/CP037.TXT). Control bytes follow the
 * CDRA control mapping: 0x15 (NL) is U+0085 and 0x25 (LF) is U+000A on both pages.
 */

/** Code page 037: row `x` lists the code points of bytes `x0`–`xF`, as printed in the chart. */
export const CP037_CHART: readonly string[] = [
  /* 0x */ '00 01 02 03 9C 09 86 7F 97 8D 8E 0B 0C 0D 0E 0F',
  /* 1x */ '10 11 12 13 9D 85 08 87 18 19 92 8F 1C 1D 1E 1F',
  /* 2x */ '80 81 82 83 84 0A 17 1B 88 89 8A 8B 8C 05 06 07',
  /* 3x */ '90 91 16 93 94 95 96 04 98 99 9A 9B 14 15 9E 1A',
  /* 4x */ '20 A0 E2 E4 E0 E1 E3 E5 E7 F1 A2 2E 3C 28 2B 7C',
  /* 5x */ '26 E9 EA EB E8 ED EE EF EC DF 21 24 2A 29 3B AC',
  /* 6x */ '2D 2F C2 C4 C0 C1 C3 C5 C7 D1 A6 2C 25 5F 3E 3F',
  /* 7x */ 'F8 C9 CA CB C8 CD CE CF CC 60 3A 23 40 27 3D 22',
  /* 8x */ 'D8 61 62 63 64 65 66 67 68 69 AB BB F0 FD FE B1',
  /* 9x */ 'B0 6A 6B 6C 6D 6E 6F 70 71 72 AA BA E6 B8 C6 A4',
  /* Ax */ 'B5 7E 73 74 75 76 77 78 79 7A A1 BF D0 DD DE AE',
  /* Bx */ '5E A3 A5 B7 A9 A7 B6 BC BD BE 5B 5D AF A8 B4 D7',
  /* Cx */ '7B 41 42 43 44 45 46 47 48 49 AD F4 F6 F2 F3 F5',
  /* Dx */ '7D 4A 4B 4C 4D 4E 4F 50 51 52 B9 FB FC F9 FA FF',
  /* Ex */ '5C F7 53 54 55 56 57 58 59 5A B2 D4 D6 D2 D3 D5',
  /* Fx */ '30 31 32 33 34 35 36 37 38 39 B3 DB DC D9 DA 9F',
];

/**
 * Code page 1047 differs from 037 in exactly six positions (byte → code point); the rest of the
 * chart is identical. 1047 is the z/OS Unix (Open Systems) page, which moved the brackets.
 */
export const CP1047_CHANGES_FROM_CP037: Readonly<Record<number, number>> = {
  0x5f: 0x5e, // ^ (037 has ¬ here)
  0xad: 0x5b, // [ (037 has Ý here)
  0xb0: 0xac, // ¬ (037 has ^ here)
  0xba: 0xdd, // Ý (037 has [ here)
  0xbb: 0xa8, // ¨ (037 has ] here)
  0xbd: 0x5d, // ] (037 has ¨ here)
};
