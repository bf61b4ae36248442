import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  localLocationLike,
  localPathOf,
  parseS3Location,
  schemeOf,
  UnsupportedLocationError,
} from '../../../layers/iceberg/index.js';

describe('locations', () => {
  it('chooses the scheme of plain paths, file: and s3 URIs', () => {
    assert.equal(schemeOf('/warehouse/t/metadata/v1.json'), 'file');
    assert.equal(schemeOf('file:///warehouse/t'), 'file');
    assert.equal(schemeOf('file:/warehouse/t'), 'file');
    assert.equal(schemeOf('s3://bucket/t'), 's3');
    assert.equal(schemeOf('S3A://bucket/t'), 's3');
    assert.throws(() => schemeOf('gs://bucket/t'), UnsupportedLocationError);
  });

  it('turns file URIs in every style Iceberg writers use into paths', () => {
    assert.equal(localPathOf('file:///tmp/a%20b/x.json'), '/tmp/a b/x.json');
    assert.equal(localPathOf('file:/tmp/x.json'), '/tmp/x.json');
    assert.equal(localPathOf('file://localhost/tmp/x.json'), '/tmp/x.json');
    assert.equal(localPathOf('/tmp/./y/../x.json'), '/tmp/x.json');
    assert.throws(() => localPathOf('relative/x.json'), UnsupportedLocationError);
    assert.throws(() => localPathOf('file:relative'), UnsupportedLocationError);
  });

  it('keeps the style of the location it lists from', () => {
    assert.equal(localLocationLike('file:///w', '/w/a b'), 'file:///w/a%20b');
    assert.equal(localLocationLike('/w', '/w/a b'), '/w/a b');
  });

  it('splits s3 locations into bucket and key', () => {
    assert.deepEqual(parseS3Location('s3://bkt/wh/t/data/f.parquet'), {
      scheme: 's3',
      bucket: 'bkt',
      key: 'wh/t/data/f.parquet',
    });
    assert.deepEqual(parseS3Location('s3a://bkt'), { scheme: 's3a', bucket: 'bkt', key: '' });
    assert.throws(() => parseS3Location('s3:///nobucket'), UnsupportedLocationError);
  });
});
