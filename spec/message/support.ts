/** A CUP sale built from well-known test values (the PAN and track are the public CUP test card). */
export const PAN = '6210810840003424940';
export const TRACK2 = '6210810840003424940D27062207001000100';
export const PIN_BLOCK = 'A1B2C3D4E5F60718';

export const SALE_FIELDS = {
  '2': PAN,
  '3': '000000',
  '11': '000001',
  '22': '021',
  '35': TRACK2,
  '52': PIN_BLOCK,
  '55': [{ tag: '9F26', value: 'ED1D6BA78357FB25' }],
  '60': { '1': '22', '2': '000757', '3': '000' },
};

/** The body those fields make in the CUP dialect, worked out by hand: MTI, bitmap, then each field. */
export const SALE_HEX =
  '0200' +
  '6020040020001210' + // fields 2 3 11 22 35 52 55 60
  '19' + '62108108400034249400' + // PAN: 19 digits, a 0 pad nibble
  '000000' +
  '000001' +
  '0210' + // 22 left-aligned
  '37' + '6210810840003424940D270622070010001000' +
  PIN_BLOCK +
  '0011' + '9F2608ED1D6BA78357FB25' +
  '0011' + '220007570000';
