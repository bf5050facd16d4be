/**
 * CUP POS field 59 (自定义域): ASCII TLV of a 2-character tag, a 3-digit length and the value.
 * `A2` (terminal hardware information, which UnionPay's device-identity rules ask terminals to
 * send) nests the same TLV form one level down.
 */
import type { AsciiTlvComposite } from '../codec/spec.js';

/** The subtags of `59.A2`. */
export const CUP_FIELD59_A2: AsciiTlvComposite = {
  kind: 'ascii-tlv',
  tagLength: 2,
  lengthDigits: 3,
  tags: {
    '01': { name: 'Device type', localName: '设备类型' },
    '02': { name: 'Terminal hardware serial number', localName: '终端硬件序列号' },
    '03': { name: 'Encryption random factor', localName: '加密随机因子' },
    '04': { name: 'Hardware serial number ciphertext', localName: '硬件序列号密文数据' },
    '05': { name: 'Application version', localName: '应用程序版本号' },
  },
};

/** Field 59 tags. */
export const CUP_FIELD59: AsciiTlvComposite = {
  kind: 'ascii-tlv',
  tagLength: 2,
  lengthDigits: 3,
  tags: {
    A1: { name: 'SM-encrypted PIN', localName: '国密PIN密文', sensitivity: 'pin' },
    A2: { name: 'Terminal hardware information', localName: '终端硬件信息', nested: CUP_FIELD59_A2 },
    // A payment code scanned from the customer's phone works like a card number until it expires.
    A3: { name: 'Scanned payment code', localName: '付款码', sensitivity: 'secret' },
    A4: { name: 'Payment voucher code', localName: '付款凭证码' },
    // The merchant-presented (主扫) order: no public layout exists, so these two are this library's convention.
    A5: { name: 'Order number (merchant-presented QR)', localName: '订单号' },
    A6: { name: 'Code to display (merchant-presented QR)', localName: '收款二维码' },
  },
};
